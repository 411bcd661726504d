using System.Text.Json;

namespace ComputeEngine.Cli.Api;

/// <summary>What the CLI reads off a job's status besides its fields.</summary>
public static class InstanceStatusExtensions
{
    extension(InstanceStatus status)
    {
        public bool IsFinal => RuntimeStatus.IsFinal(status.RuntimeStatus);

        /// <summary>The blob prefix the job's inputs were read from, for a job started on uploaded files.</summary>
        public string? InputBlobPrefix => status.InputString("inputBlobPrefix");

        public string? Algorithm => status.InputString("algorithm");

        private string? InputString(string name) =>
            status.Input is { ValueKind: JsonValueKind.Object } input && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
