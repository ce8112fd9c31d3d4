using System.Diagnostics;
using System.Globalization;
using Simulation.Engine;
using Spectre.Console;

namespace Simulation.Runner.Output;

/// <summary>How progress of a long run is shown.</summary>
internal enum ProgressMode
{
    /// <summary>Nothing (<c>--no-progress</c>).</summary>
    None,

    /// <summary>Plain lines every few seconds (output redirected, CI).</summary>
    Lines,

    /// <summary>A live bar with paths/s and the time left (an interactive terminal).</summary>
    Bar,
}

/// <summary>Shows the progress of an engine run on standard error, in one of the <see cref="ProgressMode"/>s.</summary>
internal static class RunProgressDisplay
{
    /// <summary>The mode for this process: a bar on a terminal, lines when standard error is redirected.</summary>
    public static ProgressMode Detect(bool disabled) =>
        disabled ? ProgressMode.None : Console.IsErrorRedirected || Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ? ProgressMode.Lines : ProgressMode.Bar;

    /// <summary>Runs <paramref name="work"/>, showing its progress.</summary>
    public static T Run<T>(ProgressMode mode, string title, TextWriter error, Func<IProgress<RunProgress>?, T> work)
    {
        switch (mode)
        {
            case ProgressMode.Bar:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                return console.Progress()
                    .AutoClear(false)
                    .HideCompleted(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                        var result = work(new Progress(p =>
                        {
                            task.MaxValue = p.PathsTotal;
                            task.Value = p.PathsDone;
                        }));
                        task.Value = task.MaxValue;
                        return result;
                    });
            case ProgressMode.Lines:
                var clock = Stopwatch.StartNew();
                long lastReport = 0;
                var lines = new Progress(p =>
                {
                    long now = clock.ElapsedMilliseconds;
                    if (now - Interlocked.Read(ref lastReport) < 5000 && p.PathsDone < p.PathsTotal)
                    {
                        return;
                    }

                    Interlocked.Exchange(ref lastReport, now);
                    double rate = p.PathsDone / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                    double left = (p.PathsTotal - p.PathsDone) / Math.Max(1e-9, rate);
                    lock (error)
                    {
                        error.WriteLine(p.Projected
                            ? string.Create(CultureInfo.InvariantCulture, $"{title}: {p.PathsDone:N0} scenario-paths, {rate:N0}/s; about {p.PathsTotal:N0} in all and {left:F0} s left, projected from the widest interval so far")
                            : p.AtMost && p.PathsDone < p.PathsTotal
                            ? string.Create(CultureInfo.InvariantCulture, $"{title}: {p.PathsDone:N0} scenario-paths, {rate:N0}/s; at most {p.PathsTotal:N0} in all, usually far fewer")
                            : string.Create(CultureInfo.InvariantCulture, $"{title}: {100.0 * p.PathsDone / Math.Max(1, p.PathsTotal):F0}% ({p.PathsDone:N0}/{p.PathsTotal:N0} scenario-paths, {rate:N0}/s, {left:F0} s left)"));
                    }
                });
                return work(lines);
            default:
                return work(null);
        }
    }

    /// <summary>Progress that forwards every report on the calling thread (the engine reports from its workers).</summary>
    private sealed class Progress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    /// <summary>Paths per second, from the task's own speed.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:N0} paths/s") : string.Empty);
    }
}
