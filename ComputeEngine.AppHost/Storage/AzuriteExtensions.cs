using System.Globalization;

namespace ComputeEngine.AppHost.Storage;

internal static class AzuriteExtensions
{
    /// <summary>Azurite on fixed, proxy-less ports (storage tools find it at the usual 10000–10002), installed first if missing.</summary>
    public static IResourceBuilder<AzuriteResource> AddAzurite(this IDistributedApplicationBuilder builder, string name, AppHostOptions options)
    {
        var root = RepositoryRoot(builder);
        var azurite = builder.AddResource(new AzuriteResource(name, Path.Combine(root, "node_modules", ".bin", "azurite"), root))
            .WithHttpEndpoint(port: options.BlobPort, name: AzuriteResource.BlobEndpointName, isProxied: false)
            .WithHttpEndpoint(port: options.QueuePort, name: AzuriteResource.QueueEndpointName, isProxied: false)
            .WithHttpEndpoint(port: options.TablePort, name: AzuriteResource.TableEndpointName, isProxied: false)
            .WithArgs(
                "--silent", "--skipApiVersionCheck", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", Invariant(options.BlobPort),
                "--queueHost", "127.0.0.1", "--queuePort", Invariant(options.QueuePort),
                "--tableHost", "127.0.0.1", "--tablePort", Invariant(options.TablePort))
            .WithArgs(options.InMemory ? ["--inMemoryPersistence"] : ["--location", Path.Combine(root, ".azurite")])
            // Unauthenticated requests get 403: the services listen, which is all WaitFor(storage) needs.
            .WithHttpHealthCheck("/devstoreaccount1?comp=list", 403, AzuriteResource.BlobEndpointName)
            .WithHttpHealthCheck("/devstoreaccount1?comp=list", 403, AzuriteResource.QueueEndpointName)
            .WithHttpHealthCheck("/devstoreaccount1/Tables", 403, AzuriteResource.TableEndpointName)
            .ExcludeFromManifest();

        if (builder.ExecutionContext.IsRunMode && !File.Exists(azurite.Resource.Command))
        {
            // A fresh clone: install the pinned Azurite (package-lock.json) once, before it is started.
            var install = builder.AddExecutable($"{name}-install", "npm", root, "ci", "--no-audit", "--no-fund");
            azurite.WaitForCompletion(install);
        }

        return azurite;
    }

    public static string RepositoryRoot(IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));

    private static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);
}
