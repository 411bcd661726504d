namespace ComputeEngine.Testing;

public static class ProcessExit
{
    /// <summary>Polls until the process is gone; a killed child left unreaped (a zombie, 'Z' in /proc/pid/stat) counts as gone.</summary>
    public static async Task WaitUntilGoneAsync(int pid, CancellationToken cancellationToken)
    {
        while (IsRunning(pid))
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
