using System.Net;
using System.Net.Sockets;

namespace FraudWatch.IntegrationTests.Infrastructure;

/// <summary>
/// Ports for child processes to listen on. A port the kernel hands out for a listener on port 0 comes from the
/// ephemeral range (32768–60999 on Linux), the same range it draws outgoing connections' source ports from: between
/// the test closing its probe and the child binding, a connection to PostgreSQL or to a fake Bot API can take it, and
/// the child dies with "address already in use". These ports come from below that range, each handed out once per
/// test run, and are checked free before they are given.
/// </summary>
public static class TestPorts
{
    const int First = 20000;
    const int Last = 32000;
    static int next = First + Random.Shared.Next(Last - First);

    public static int Free()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = First + (Interlocked.Increment(ref next) - First) % (Last - First);
            if (CanListen(port))
                return port;
        }

        throw new InvalidOperationException($"no free port between {First} and {Last}");
    }

    static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
