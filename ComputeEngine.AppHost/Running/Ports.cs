using System.Net;
using System.Net.Sockets;

namespace ComputeEngine.AppHost.Running;

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static void EnsureFree(string what, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        catch (SocketException)
        {
            throw new AppHostException($"Port {port} for {what} is already in use (another AppHost or Azurite?); stop it or choose another port with the options in --help");
        }
    }
}
