using System.Diagnostics;
using ComputeEngine.AppHost.Model;

namespace ComputeEngine.AppHost.Running;

/// <summary>
/// A child process that cannot outlive the AppHost. On Unix it runs under a tiny /bin/sh supervisor in a
/// session of its own; the supervisor's stdin is a pipe whose only writer is the AppHost. A line on that pipe
/// asks the child to stop (SIGTERM); end-of-file — the AppHost closed it, exited, or was SIGKILLed and the
/// kernel closed it — SIGKILLs the session's whole process group, grandchildren included. The child needs no
/// cooperation, and no thread of ours has to stay alive (unlike PR_SET_PDEATHSIG, which fires when the
/// forking thread exits).
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const string Supervisor = """
        scope=$1; shift
        exec 3<&0 </dev/null
        "$@" 3<&- &
        child=$!
        (
          while read -r _; do kill -s TERM "$child"; done <&3
          if [ "$scope" = session ]; then kill -s KILL 0; else kill -s KILL "$child"; fi
        ) 2>/dev/null &
        watcher=$!
        exec 3<&-
        wait "$child"; code=$?
        kill "$watcher" 2>/dev/null
        exit "$code"
        """;

    private static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private readonly Process _process;

    private ChildProcess(Process process)
    {
        _process = process;
        Pid = process.Id;
        Exited = WaitForExitCodeAsync();
    }

    /// <summary>The supervisor's pid on Unix: the leader of the child's session.</summary>
    public int Pid { get; }

    /// <summary>Completes with the exit code once the process has exited and its output is read.</summary>
    public Task<int> Exited { get; }

    public static ChildProcess Start(ProcessCommand command, Action<string> onLine)
    {
        var (fileName, arguments) = Wrap(command);
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in command.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Forward(e.Data, onLine);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, onLine);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    /// <summary>Runs a command to its end, killing it if <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<int> RunAsync(ProcessCommand command, Action<string> onLine, CancellationToken cancellationToken)
    {
        using var child = Start(command, onLine);
        await using var kill = cancellationToken.Register(child.Kill);
        var code = await child.Exited;
        cancellationToken.ThrowIfCancellationRequested();
        return code;
    }

    /// <summary>Asks the child to stop: SIGTERM on Unix, so it can drain.</summary>
    public void RequestStop()
    {
        if (OperatingSystem.IsWindows())
        {
            Kill();
            return;
        }

        try
        {
            _process.StandardInput.WriteLine("stop");
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // The supervisor is already gone.
        }
    }

    /// <summary>Kills the child and everything it started.</summary>
    public void Kill()
    {
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                _process.StandardInput.Close();
            }

            if (!_process.WaitForExit(TimeSpan.FromSeconds(1)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Already exited.
        }
    }

    public void Dispose() => _process.Dispose();

    private static (string FileName, IEnumerable<string> Arguments) Wrap(ProcessCommand command)
    {
        if (OperatingSystem.IsWindows())
        {
            return (command.FileName, command.Arguments);
        }

        string[] supervised = ["-c", Supervisor, "supervisor", SetSid is null ? "child" : "session", command.FileName, .. command.Arguments];

        // setsid -w: should setsid have to fork, it still waits and passes the exit code on.
        return SetSid is null ? ("/bin/sh", supervised) : (SetSid, ["-w", "/bin/sh", .. supervised]);
    }

    private static void Forward(string? line, Action<string> onLine)
    {
        if (line is not null)
        {
            onLine(line);
        }
    }

    private async Task<int> WaitForExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }
}
