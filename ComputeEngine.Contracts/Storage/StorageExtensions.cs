using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComputeEngine.Contracts.Storage;

/// <summary>Registers <see cref="StorageClients"/> from the Aspire connection <c>storage</c>.</summary>
public static class StorageExtensions
{
    /// <summary>The Aspire connection name of the storage account.</summary>
    public const string ConnectionName = "storage";

    /// <summary>Adds a singleton <see cref="StorageClients"/> built from <c>ConnectionStrings:storage</c>.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="createIfMissing">
    /// Whether to create the queues, containers and tables at start; false for a reader (the dashboard),
    /// whose identity may not create anything.
    /// </param>
    /// <returns>The same builder.</returns>
    public static IHostApplicationBuilder AddStorageClients(this IHostApplicationBuilder builder, bool createIfMissing = true)
    {
        builder.Services.AddSingleton(services =>
        {
            var connection = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName);
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{ConnectionName} is not set; run through ComputeEngine.AppHost or set ConnectionStrings__{ConnectionName}.");
            }

            return new StorageClients(connection);
        });
        if (createIfMissing)
        {
            builder.Services.AddHostedService<StorageInitializer>();
        }

        return builder;
    }
}
