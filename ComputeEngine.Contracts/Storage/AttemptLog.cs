using System.Text.Json;
using ComputeEngine.Contracts.Messages;

namespace ComputeEngine.Contracts.Storage;

/// <summary>
/// The bounded JSON column of an item row that keeps its last attempts. It lives in the row rather than
/// in a blob so that writing an attempt stays inside the batch's one entity-group transaction (no second
/// write to lose, nothing to clean up on purge). The bound keeps a 100-row transaction under the Table
/// service's 4 MiB payload and each row far under its 1 MiB entity and 64 KiB property limits: at most
/// <see cref="MaxChars"/> characters (2 bytes each as the service counts them) of attempts per row.
/// </summary>
public static class AttemptLog
{
    /// <summary>How many attempts are kept, newest last.</summary>
    public const int MaxAttempts = 10;

    /// <summary>The longest detail (stack trace or stderr tail) kept for the newest attempts.</summary>
    public const int MaxDetailChars = 4096;

    /// <summary>The longest detail kept for attempts older than the newest <see cref="FullDetailAttempts"/>.</summary>
    public const int OlderDetailChars = 512;

    /// <summary>How many of the newest attempts keep a detail of up to <see cref="MaxDetailChars"/>.</summary>
    public const int FullDetailAttempts = 2;

    /// <summary>The longest error line kept per attempt; the row's own error column keeps the last one longer.</summary>
    public const int MaxErrorChars = 512;

    /// <summary>The longest column: 100 rows × 32 KB, with the rest of each row, stay under a transaction's 4 MiB.</summary>
    public const int MaxChars = 16_000;

    /// <summary>The attempts in a stored log; none for a row without one (or with one this version cannot read).</summary>
    public static IReadOnlyList<ItemAttempt> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(json, ContractsJsonContext.Default.ListItemAttempt) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The log with <paramref name="attempt"/> added, cut to the bounds.</summary>
    public static string Append(string? json, ItemAttempt attempt)
    {
        var attempts = Parse(json).Append(attempt).TakeLast(MaxAttempts).ToList();
        for (var i = 0; i < attempts.Count; i++)
        {
            var detailChars = i >= attempts.Count - FullDetailAttempts ? MaxDetailChars : OlderDetailChars;
            attempts[i] = attempts[i] with { Error = Cut(attempts[i].Error, MaxErrorChars), Detail = Cut(attempts[i].Detail, detailChars) };
        }

        var text = JsonSerializer.Serialize(attempts, ContractsJsonContext.Default.ListItemAttempt);
        while (text.Length > MaxChars && attempts.Count > 1)
        {
            attempts.RemoveAt(0);
            text = JsonSerializer.Serialize(attempts, ContractsJsonContext.Default.ListItemAttempt);
        }

        if (text.Length > MaxChars)
        {
            // One attempt whose text escapes to more than the bound (control characters escape six-fold).
            attempts[0] = attempts[0] with { Detail = Cut(attempts[0].Detail, OlderDetailChars / 4), Error = Cut(attempts[0].Error, OlderDetailChars / 4) };
            text = JsonSerializer.Serialize(attempts, ContractsJsonContext.Default.ListItemAttempt);
        }

        return text;
    }

    private static string? Cut(string? text, int chars) => text is null || text.Length <= chars ? text : text[..chars] + "…";
}
