using System.Text;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>
/// The API's continuation tokens wrap the Table service's, together with what they page over (a job's
/// items, the instance list), so a token from elsewhere or a made-up one is refused with a 400 instead
/// of silently starting a page somewhere else.
/// </summary>
public static class ContinuationTokens
{
    public const string Instances = "instances";

    public static string? Encode(string scope, string? token) => token is null
        ? null
        : Convert.ToBase64String(Encoding.UTF8.GetBytes(scope + "\n" + token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string scope, string? token, out string? decoded)
    {
        decoded = null;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var prefix = scope + "\n";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Length == prefix.Length)
        {
            return false;
        }

        decoded = text[prefix.Length..];
        return true;
    }
}
