using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;

namespace ComputeEngine.Dashboard.Access;

/// <summary>
/// Sign-in for the dashboard, which acts with the orchestrator's key: whoever reaches it could otherwise
/// start, terminate or purge jobs. Locally the key itself signs in; in the cloud, Microsoft Entra ID.
/// </summary>
public static class AccessExtensions
{
    private static readonly TimeSpan Session = TimeSpan.FromHours(8);

    public static IHostApplicationBuilder AddDashboardAccess(this IHostApplicationBuilder builder)
    {
        var mode = DashboardAccess.ModeFrom(builder.Configuration);
        builder.Services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
        builder.Services.AddSingleton<DashboardAccess>();
        builder.Services.AddCascadingAuthenticationState();

        var authentication = mode == AccessMode.EntraId
            ? builder.Services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme)
            : builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme);
        if (mode == AccessMode.EntraId)
        {
            authentication.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"), cookieScheme: CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else
        {
            authentication.AddCookie();
        }

        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
        {
            cookie.LoginPath = SignInEndpoints.SignInPath;
            cookie.Cookie.Name = "computeengine-dashboard";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = Session;
            cookie.SlidingExpiration = true;
        });

        builder.Services.AddAuthorization();
        builder.Services.AddOptions<AuthorizationOptions>().Configure<DashboardAccess>((authorization, access) =>
        {
            if (access.ViewingRequiresSignIn)
            {
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            }
        });

        // Guessing the key is slowed to ten tries a minute per address.
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Answered here with a body, so the status-code pages (which need a signed-in user) leave it alone.
            limiter.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address; try again in a minute.", cancellationToken));
            };
            limiter.AddPolicy(SignInEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    public static WebApplication UseDashboardAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapSignIn(app.Services.GetRequiredService<DashboardAccess>().Mode);
        return app;
    }
}
