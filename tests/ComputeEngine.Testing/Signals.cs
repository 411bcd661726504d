using System.Runtime.InteropServices;

namespace ComputeEngine.Testing;

/// <summary>POSIX signals, which <see cref="System.Diagnostics.Process"/> cannot send except SIGKILL.</summary>
public static partial class Signals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
