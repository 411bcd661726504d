namespace ComputeEngine.AppHost;

/// <summary>A problem the user can fix (a missing file, a busy port); its message is shown as is.</summary>
internal sealed class AppHostException(string message) : Exception(message);
