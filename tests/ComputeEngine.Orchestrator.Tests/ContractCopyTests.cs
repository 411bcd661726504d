using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ComputeEngine.Contracts.Api;
using ComputeEngine.Testing;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>The API's types are declared once, in ComputeEngine.Contracts.Api; a copy elsewhere drifts from the wire unnoticed.</summary>
public sealed class ContractCopyTests
{
    // Every deployable and library of the solution but Contracts itself, read from the solution's build output.
    private static readonly string[] Projects =
        ["ComputeEngine.AppHost", "ComputeEngine.Cli", "ComputeEngine.Dashboard", "ComputeEngine.Orchestrator", "ComputeEngine.ServiceDefaults", "ComputeEngine.Worker"];

    [Fact]
    public void No_project_but_Contracts_declares_a_type_named_like_an_API_contract_type()
    {
        var contractNames = typeof(ApiJsonContext).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ApiJsonContext).Namespace && !t.IsNested && !t.Name.Contains('<', StringComparison.Ordinal))
            .Select(t => Plain(t.Name))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains(nameof(InstanceStatus), contractNames);

        var copies = Projects.SelectMany(project => DeclaredTypes(ServiceProcess.DllPath(project)).Select(type => (project, type)))
            .Where(declared => contractNames.Contains(declared.type.Name))
            .Select(declared => $"{declared.project}: {declared.type.FullName}")
            .ToList();

        Assert.True(copies.Count == 0, "Declare these once in ComputeEngine.Contracts.Api and use that: " + string.Join(", ", copies));
    }

    /// <summary>The public and internal types an assembly declares, read without loading it.</summary>
    private static List<(string Name, string FullName)> DeclaredTypes(string dll)
    {
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution before running this test.");
        using var pe = new PEReader(File.OpenRead(dll));
        var metadata = pe.GetMetadataReader();
        var types = new List<(string Name, string FullName)>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            var visibility = type.Attributes & TypeAttributes.VisibilityMask;
            var name = metadata.GetString(type.Name);
            if (visibility is TypeAttributes.NestedPrivate or TypeAttributes.NestedFamily or TypeAttributes.NestedFamANDAssem || name.Contains('<', StringComparison.Ordinal))
            {
                continue;
            }

            types.Add((Plain(name), metadata.GetString(type.Namespace) + "." + name));
        }

        return types;
    }

    private static string Plain(string name) => name.Split('`')[0];
}
