namespace ComputeEngine.Contracts.Api;

/// <summary>The management URLs of an instance, as Durable Functions' <c>CreateCheckStatusResponse</c> returns them.</summary>
/// <param name="Id">The instance's id.</param>
/// <param name="StatusQueryGetUri">Its status.</param>
/// <param name="SendEventPostUri">Raises an event.</param>
/// <param name="TerminatePostUri">Terminates it.</param>
/// <param name="RewindPostUri">Rewinds it.</param>
/// <param name="PurgeHistoryDeleteUri">Purges it.</param>
/// <param name="RestartPostUri">Restarts it.</param>
/// <param name="SuspendPostUri">Suspends it.</param>
/// <param name="ResumePostUri">Resumes it.</param>
public sealed record CheckStatusResponse(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string RewindPostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri);

/// <summary>The body of a purge response.</summary>
/// <param name="InstancesDeleted">How many jobs were purged.</param>
public sealed record PurgeResult(int InstancesDeleted);

/// <summary>An <c>application/problem+json</c> body, as a client reads it.</summary>
/// <param name="Title">The kind of problem.</param>
/// <param name="Detail">What exactly was wrong.</param>
/// <param name="Status">The HTTP status code.</param>
public sealed record Problem(string? Title, string? Detail, int? Status);
