using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace ComputeEngine.Dashboard.Access;

/// <summary>
/// The key sign-in form: plain HTML posted to <see cref="SignInEndpoints.SignInPath"/>, so it works before any
/// interactive circuit exists (the circuit itself needs a signed-in user).
/// </summary>
public static class SignInPage
{
    public static string Render(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var message = error is null ? "" : $"""<p class="feedback bad" role="alert" data-testid="signin-error">{html.Encode(error)}</p>""";
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1.0" />
                <title>Sign in · ComputeEngine</title>
                <link rel="stylesheet" href="/app.css" />
            </head>
            <body>
                <main class="content signin">
                    <h1>Sign in</h1>
                    <p>This dashboard manages jobs with the orchestrator's key. Enter it once; the session lasts until you sign out or for eight hours.</p>
                    {message}
                    <form method="post" action="{SignInEndpoints.SignInPath}" class="card" data-testid="signin-form">
                        <input type="hidden" name="{html.Encode(tokens.FormFieldName)}" value="{html.Encode(tokens.RequestToken ?? "")}" />
                        <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl)}" />
                        <label>Key <input type="password" name="key" autocomplete="current-password" autofocus required data-testid="signin-key" /></label>
                        <button type="submit" class="btn btn-primary" data-testid="signin-button">Sign in</button>
                    </form>
                </main>
            </body>
            </html>
            """;
    }
}
