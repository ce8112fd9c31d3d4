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
                return Bar(console, title, work);
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

    /// <summary>The live bar on <paramref name="console"/>, its title and bar fitted to the console's width so that the line never wraps.</summary>
    internal static T Bar<T>(IAnsiConsole console, string title, Func<IProgress<RunProgress>?, T> work)
    {
        var (fitted, barWidth) = Fit(title, console.Profile.Width);
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = barWidth }, new PercentageColumn(), new RateColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(fitted), maxValue: 1);
                var result = work(new Progress(p =>
                {
                    task.MaxValue = p.PathsTotal;
                    task.Value = p.PathsDone;
                }));
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>
    /// The title and bar width for a console <paramref name="width"/> columns wide: the bar shrinks from
    /// 40 to 8 columns first, then the title is cut with an ellipsis, so that title, bar, percentage
    /// ("100%"), rate ("1,234,567 paths/s", <see cref="RateColumn.Width"/>) and time left ("00:00:00"),
    /// with a space between each, fit on one line.
    /// </summary>
    internal static (string Title, int BarWidth) Fit(string title, int width)
    {
        ArgumentNullException.ThrowIfNull(title);
        const int fixedColumns = 4 + RateColumn.Width + 8 + 5; // percentage, rate, time left, and a gap after each of the five columns
        int room = Math.Max(0, width - 1 - fixedColumns); // one column spare: a line exactly as wide as the terminal wraps on some
        int bar = Math.Clamp(room - title.Length, 8, 40);
        int titleRoom = Math.Max(1, room - bar);
        return (title.Length <= titleRoom ? title : title[..Math.Max(0, titleRoom - 1)] + "…", bar);
    }

    /// <summary>Progress that forwards every report on the calling thread (the engine reports from its workers).</summary>
    private sealed class Progress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    /// <summary>Paths per second, from the task's own speed, in a column of fixed width that never wraps.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        /// <summary>Columns taken: "999,999 paths/s" at most.</summary>
        public const int Width = 15;

        protected override bool NoWrap => true;

        public override int? GetColumnWidth(Spectre.Console.Rendering.RenderOptions options) => Width;

        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? Rate(speed) : string.Empty) { Overflow = Overflow.Ellipsis, Justification = Justify.Right };

        /// <summary>"880,000 paths/s" below a million a second, "12.3M paths/s" below a billion, "1.2G paths/s" above: never wider than <see cref="Width"/>.</summary>
        internal static string Rate(double speed) => speed switch
        {
            < 999_999.5 => string.Create(CultureInfo.InvariantCulture, $"{speed:N0} paths/s"),
            < 999.95e6 => string.Create(CultureInfo.InvariantCulture, $"{speed / 1e6:0.0}M paths/s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{speed / 1e9:0.0}G paths/s"),
        };
    }
}
