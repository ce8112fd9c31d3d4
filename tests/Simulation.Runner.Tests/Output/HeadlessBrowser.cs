using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Simulation.Runner.Tests.Output;

/// <summary>
/// A headless Chromium driven over the Chrome DevTools Protocol (a WebSocket; no package needed): it
/// opens a page at an emulated viewport width (a real 390 px: a headless window is never narrower
/// than 500), waits until its document is complete (every image loaded or failed), evaluates a script in it and
/// collects its console errors, uncaught exceptions and failed loads. One browser serves every page.
/// </summary>
internal sealed class HeadlessBrowser : IAsyncDisposable
{
    /// <summary>Set to 1 to make the browser tests fail, not skip, where no Chromium is installed (.ci/run installs one and sets it).</summary>
    public const string RequireVariable = "SIMULATION_REQUIRE_BROWSER";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly DirectoryInfo profile;
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> pending = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> problems = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim sending = new(1, 1);
    private Task? receiving;
    private int nextId;

    private HeadlessBrowser(Process process, DirectoryInfo profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>The Chromium on PATH (chromium, chromium-browser, google-chrome), or null.</summary>
    public static string? Find()
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
        {
            foreach (string folder in folders)
            {
                string path = Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".exe" : name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    /// <summary>Starts the browser and connects to it.</summary>
    public static async Task<HeadlessBrowser> Start(string executable)
    {
        var profile = Directory.CreateTempSubdirectory("headless-browser-");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // --no-sandbox: Chromium refuses to start as root with its sandbox (CI containers run as root).
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
            "--remote-debugging-port=0", "--user-data-dir=" + profile.FullName, "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var browser = new HeadlessBrowser(process, profile);
        try
        {
            // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr once it is ready.
            var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var log = new ConcurrentQueue<string>();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    log.Enqueue(line);
                    int at = line.IndexOf("ws://", StringComparison.Ordinal);
                    if (line.StartsWith("DevTools listening on ", StringComparison.Ordinal) && at >= 0)
                    {
                        endpoint.TrySetResult(line[at..].Trim());
                    }
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var ready = await Task.WhenAny(endpoint.Task, Task.Delay(Timeout), process.WaitForExitAsync());
            if (ready != endpoint.Task)
            {
                throw new InvalidOperationException($"{executable} did not open its DevTools endpoint: {string.Join("\n", log)}");
            }

            await browser.socket.ConnectAsync(new Uri(await endpoint.Task), CancellationToken.None);
            browser.receiving = Task.Run(browser.Receive);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a page showed: the script's value, and every console error, exception and failed load.</summary>
    public sealed record PageResult(JsonNode Value, IReadOnlyList<string> Errors);

    /// <summary>
    /// Opens <paramref name="url"/> in a new tab whose viewport is <paramref name="width"/> CSS pixels wide
    /// (a phone below 500: mobile emulation, so the page's viewport meta tag applies), waits for its load
    /// event, evaluates <paramref name="script"/> (an expression; its value is returned as JSON) and,
    /// when <paramref name="screenshot"/> is a path (x.png), saves pictures of the whole page as x-1.png, x-2.png, ….
    /// <paramref name="media"/> "print" lays the page out as its print style asks.
    /// </summary>
    public async Task<PageResult> Open(Uri url, int width, string script, string? screenshot = null, string media = "screen")
    {
        ArgumentNullException.ThrowIfNull(url);
        string target = (await Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }))["targetId"]!.GetValue<string>();
        string session = (await Send("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }))["sessionId"]!.GetValue<string>();
        try
        {
            var errors = problems.GetOrAdd(session, _ => new ConcurrentQueue<string>());
            foreach (string domain in new[] { "Runtime", "Log" })
            {
                await Send(domain + ".enable", new JsonObject(), session);
            }

            await Send("Emulation.setDeviceMetricsOverride", new JsonObject
            {
                ["width"] = width,
                ["height"] = 900,
                ["deviceScaleFactor"] = 1,
                ["mobile"] = width < 500,
            }, session);
            await Send("Emulation.setEmulatedMedia", new JsonObject { ["media"] = media }, session);
            var navigation = await Send("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, session);
            if (navigation["errorText"] is { } failed)
            {
                throw new InvalidOperationException($"{url}: {failed}");
            }

            // Loaded once the page itself says so: its document complete (every image loaded or failed) at the address asked for.
            var waited = Stopwatch.StartNew();
            while (true)
            {
                var state = await Send("Runtime.evaluate", new JsonObject { ["expression"] = "document.readyState + ' ' + location.href", ["returnByValue"] = true }, session);
                if (state["result"]?["value"]?.GetValue<string>() == "complete " + url.AbsoluteUri)
                {
                    break;
                }

                if (waited.Elapsed > Timeout)
                {
                    throw new TimeoutException($"{url} did not finish loading within {Timeout.TotalSeconds:0} s");
                }

                await Task.Delay(25);
            }

            var evaluation = await Send("Runtime.evaluate", new JsonObject { ["expression"] = script, ["returnByValue"] = true, ["awaitPromise"] = true }, session);
            if (evaluation["exceptionDetails"] is { } exception)
            {
                throw new InvalidOperationException($"the check script failed in {url}: {exception.ToJsonString()}");
            }

            if (screenshot is not null)
            {
                // The whole page (up to 20 screens), one picture per screen-full: screenshot-1.png, screenshot-2.png, …
                var metrics = await Send("Page.getLayoutMetrics", new JsonObject(), session);
                double height = metrics["cssContentSize"]!["height"]!.GetValue<double>(), screen = width < 500 ? 1600 : 1200;
                for (int i = 0; i < Math.Min(20, Math.Ceiling(height / screen)); i++)
                {
                    var picture = await Send("Page.captureScreenshot", new JsonObject
                    {
                        ["format"] = "png",
                        ["captureBeyondViewport"] = true,
                        ["clip"] = new JsonObject { ["x"] = 0, ["y"] = i * screen, ["width"] = width, ["height"] = Math.Min(screen, height - (i * screen)), ["scale"] = 1 },
                    }, session);
                    await File.WriteAllBytesAsync(Path.ChangeExtension(screenshot, null) + "-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".png",
                        Convert.FromBase64String(picture["data"]!.GetValue<string>()));
                }
            }

            return new PageResult(evaluation["result"]!["value"]!.DeepClone(), [.. errors]);
        }
        finally
        {
            await Send("Target.closeTarget", new JsonObject { ["targetId"] = target });
        }
    }

    private async Task<JsonNode> Send(string method, JsonObject parameters, string? session = null)
    {
        int id = Interlocked.Increment(ref nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        await sending.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            sending.Release();
        }

        if (await Task.WhenAny(reply.Task, Task.Delay(Timeout)) != reply.Task)
        {
            throw new TimeoutException($"no answer to {method} within {Timeout.TotalSeconds:0} s");
        }

        return await reply.Task;
    }

    private async Task Receive()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var part = await socket.ReceiveAsync(buffer, stop.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                Dispatch(node);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The browser is closing.
        }

        foreach (var reply in pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("the browser closed its connection"));
        }
    }

    private void Dispatch(JsonNode node)
    {
        if (node["id"] is { } id)
        {
            if (pending.TryRemove(id.GetValue<int>(), out var reply))
            {
                if (node["error"] is { } error)
                {
                    reply.TrySetException(new InvalidOperationException("DevTools: " + error.ToJsonString()));
                }
                else
                {
                    reply.TrySetResult(node["result"] ?? new JsonObject());
                }
            }

            return;
        }

        string? session = node["sessionId"]?.GetValue<string>();
        if (session is null)
        {
            return;
        }

        var p = node["params"];
        string? problem = node["method"]?.GetValue<string>() switch
        {
            "Runtime.exceptionThrown" => "uncaught exception: " + (p?["exceptionDetails"]?["exception"]?["description"] ?? p?["exceptionDetails"]?["text"])?.ToString(),
            "Runtime.consoleAPICalled" when p?["type"]?.GetValue<string>() is "error" or "assert" =>
                "console." + p["type"] + ": " + string.Join(" ", p["args"]?.AsArray().Select(a => (a?["value"] ?? a?["description"])?.ToString()) ?? []),
            "Log.entryAdded" when p?["entry"]?["level"]?.GetValue<string>() == "error" =>
                p["entry"]!["text"] + (p["entry"]!["url"] is { } where ? " (" + where + ")" : string.Empty),
            _ => null,
        };
        if (problem is not null)
        {
            problems.GetOrAdd(session, _ => new ConcurrentQueue<string>()).Enqueue(problem);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.SendAsync(Encoding.UTF8.GetBytes(new JsonObject { ["id"] = 0, ["method"] = "Browser.close" }.ToJsonString()),
                    WebSocketMessageType.Text, endOfMessage: true, quick.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Killed below.
        }

        if (!process.WaitForExit(5000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        await stop.CancelAsync();
        if (receiving is not null)
        {
            await receiving;
        }

        socket.Dispose();
        process.Dispose();
        stop.Dispose();
        sending.Dispose();
        try
        {
            profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover profile in the temporary folder is harmless.
        }
    }
}
