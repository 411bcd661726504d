namespace ComputeEngine.AppHost.Model;

/// <summary>One process the AppHost runs: what to start, where users reach it, and how to tell it is ready.</summary>
internal sealed record ResourceSpec(string Name, ProcessCommand Command, Uri? Url, ReadinessProbe? Readiness);

/// <summary>Ready when every URL answers: with a success status, or with any HTTP response at all.</summary>
internal sealed record ReadinessProbe(IReadOnlyList<Uri> Urls, bool RequireSuccess);
