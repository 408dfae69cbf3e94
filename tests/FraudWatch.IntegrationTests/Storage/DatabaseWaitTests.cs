using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FraudWatch.IntegrationTests.Infrastructure;
using Npgsql;

namespace FraudWatch.IntegrationTests.Storage;

/// <summary>
/// Start-up waits for a PostgreSQL server that is still starting (crash recovery after a power cut, a container just
/// started): between it and the test database sits a relay that first answers as such a server does.
/// </summary>
public sealed class DatabaseWaitTests
{
    [Theory]
    [InlineData("57P03", "the database system is starting up")]
    [InlineData("57P03", "the database system is not yet accepting connections")]
    [InlineData("57P01", "terminating connection due to administrator command")]
    public async Task Start_up_waits_while_the_server_cannot_take_connections_yet(string sqlState, string message)
    {
        var database = new NpgsqlConnectionStringBuilder(TestDatabase.Create());
        await using var relay = StartingServer.Start(refusals: 3, sqlState, message, database.Port);
        database.Port = relay.Port;

        var workingDirectory = HostProcess.NewWorkingDirectory();
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?> { ["ConnectionStrings__FraudWatch"] = database.ConnectionString }, workingDirectory);
            await host.WaitReadyAsync(120);

            Assert.Equal(3, relay.Refused);
            Assert.DoesNotContain("cannot start", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    /// <summary>Refuses the first connections with a FATAL error, as PostgreSQL does while it starts; relays the rest to the real server.</summary>
    sealed class StartingServer : IAsyncDisposable
    {
        readonly TcpListener listener = new(IPAddress.Loopback, 0);
        readonly CancellationTokenSource stop = new();
        readonly byte[] refusal;
        readonly int target;
        int connections;
        int refusals;
        Task? accepting;

        StartingServer(byte[] refusal, int target)
        {
            this.refusal = refusal;
            this.target = target;
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
        public int Refused => Math.Min(Volatile.Read(ref connections), refusals);

        public static StartingServer Start(int refusals, string sqlState, string message, int target)
        {
            var server = new StartingServer(ErrorResponse(sqlState, message), target) { refusals = refusals };
            server.listener.Start();
            server.accepting = server.AcceptAsync();
            return server;
        }

        async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = Interlocked.Increment(ref connections) <= refusals ? RefuseAsync(client) : RelayAsync(client);
            }
        }

        async Task RefuseAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var header = new byte[8];
                while (true)
                {
                    await stream.ReadExactlyAsync(header, stop.Token);
                    var length = BinaryPrimitives.ReadInt32BigEndian(header);
                    var code = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
                    if (code is not (80877103 or 80877104))
                    {
                        await stream.ReadExactlyAsync(new byte[length - 8], stop.Token); // the startup message
                        break;
                    }

                    await stream.WriteAsync("N"u8.ToArray(), stop.Token); // SSL or GSS encryption asked for: not offered
                }

                await stream.WriteAsync(refusal, stop.Token);
            }
        }

        async Task RelayAsync(TcpClient client)
        {
            using (client)
            using (var server = new TcpClient())
            {
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, target, stop.Token);
                    var up = client.GetStream().CopyToAsync(server.GetStream(), stop.Token);
                    var down = server.GetStream().CopyToAsync(client.GetStream(), stop.Token);
                    await Task.WhenAny(up, down);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    // either side hung up
                }
            }
        }

        /// <summary>A FATAL ErrorResponse: 'E', its length, then the fields S, V, C and M, each a code byte and a C string.</summary>
        static byte[] ErrorResponse(string sqlState, string message)
        {
            var fields = new MemoryStream();
            foreach (var (code, value) in new[] { ('S', "FATAL"), ('V', "FATAL"), ('C', sqlState), ('M', message) })
            {
                fields.WriteByte((byte)code);
                fields.Write(Encoding.UTF8.GetBytes(value));
                fields.WriteByte(0);
            }

            fields.WriteByte(0);
            var body = fields.ToArray();
            var response = new byte[1 + 4 + body.Length];
            response[0] = (byte)'E';
            BinaryPrimitives.WriteInt32BigEndian(response.AsSpan(1), 4 + body.Length);
            body.CopyTo(response, 5);
            return response;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            if (accepting is not null)
                await accepting;
            stop.Dispose();
        }
    }
}
