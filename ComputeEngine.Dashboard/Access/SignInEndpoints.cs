using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ComputeEngine.Dashboard.Orchestrator;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Dashboard.Access;

/// <summary>Signing in (the key form, or Entra ID's challenge) and out.</summary>
public static class SignInEndpoints
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string RateLimitPolicy = "signin";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder routes, AccessMode mode)
    {
        switch (mode)
        {
            case AccessMode.Key:
                routes.MapGet(SignInPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
                    Results.Content(SignInPage.Render(context, antiforgery, Local(returnUrl), null), "text/html")).AllowAnonymous();
                routes.MapPost(SignInPath, SignInWithKeyAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
                break;
            case AccessMode.EntraId:
                routes.MapGet(SignInPath, (string? returnUrl) => Results.Challenge(
                    new AuthenticationProperties { RedirectUri = Local(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])).AllowAnonymous();
                break;
            default:
                return routes;
        }

        routes.MapPost(SignOutPath, async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(SignInPath);
        }).AllowAnonymous();
        return routes;
    }

    private static async Task<IResult> SignInWithKeyAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        IOptions<OrchestratorClientOptions> orchestrator,
        ILogger<AccessOptions> logger,
        [FromForm] string? key,
        [FromForm] string? returnUrl)
    {
        var expected = Encoding.UTF8.GetBytes(orchestrator.Value.ApiKey ?? "");
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key ?? ""), expected))
        {
            Log.SignInRefused(logger, context.Connection.RemoteIpAddress?.ToString());
            return Results.Content(SignInPage.Render(context, antiforgery, Local(returnUrl), "That is not the key."), "text/html", statusCode: StatusCodes.Status401Unauthorized);
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user);
        return Results.LocalRedirect(Local(returnUrl));
    }

    /// <summary>Only a path of this site: an open redirect would let a link send a freshly signed-in user anywhere.</summary>
    private static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
