using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>STARTTLS (RFC 3207), including the plaintext command injection of CVE-2011-0411.</summary>
public sealed class StartTlsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Reads one whole reply a byte at a time, so nothing after it is consumed (the TLS handshake follows).</summary>
    private static async Task<string> ReadReplyAsync(Stream stream)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (await stream.ReadAsync(buffer, timeout.Token) == 0)
            {
                throw new IOException("closed after: " + string.Join("\n", lines) + line);
            }
            if (buffer[0] != '\n')
            {
                line.Append((char)buffer[0]);
                continue;
            }
            var text = line.ToString().TrimEnd('\r');
            line.Clear();
            lines.Add(text);
            if (text.Length < 4 || text[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }
    }

    private async Task<(Socket Socket, NetworkStream Stream)> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _server.SmtpPort);
        var stream = new NetworkStream(socket, ownsSocket: true);
        Assert.StartsWith("220 ", await ReadReplyAsync(stream));
        await stream.WriteAsync("EHLO client.example\r\n"u8.ToArray());
        Assert.Contains("250-STARTTLS", await ReadReplyAsync(stream));
        return (socket, stream);
    }

    [Fact]
    public async Task Commands_pipelined_after_starttls_are_discarded()
    {
        var (_, network) = await ConnectAsync();
        await using var _ = network;
        // The injected commands arrive in plaintext in the same packet as STARTTLS.
        await network.WriteAsync("STARTTLS\r\nMAIL FROM:<injected@evil.example>\r\nRCPT TO:<alice@example.test>\r\n"u8.ToArray());
        Assert.Equal("220 2.0.0 Ready to start TLS", await ReadReplyAsync(network));

        await using var tls = new SslStream(network, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("mx.example.test");
        // Had the injected MAIL survived, this RCPT would be accepted; the session was reset instead.
        await tls.WriteAsync("RCPT TO:<alice@example.test>\r\n"u8.ToArray());
        Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await ReadReplyAsync(tls));
        await tls.WriteAsync("EHLO client.example\r\n"u8.ToArray());
        var ehlo = await ReadReplyAsync(tls);
        Assert.StartsWith("250-mx.example.test", ehlo);
        Assert.DoesNotContain("STARTTLS", ehlo);
        await tls.WriteAsync("MAIL FROM:<a@example.org>\r\n"u8.ToArray());
        Assert.Equal("250 2.1.0 Ok", await ReadReplyAsync(tls));
        await tls.WriteAsync("STARTTLS\r\n"u8.ToArray());
        Assert.Equal("503 5.5.1 Error: MAIL transaction in progress", await ReadReplyAsync(tls));
        await tls.WriteAsync("RSET\r\nSTARTTLS\r\n"u8.ToArray());
        Assert.Equal("250 2.0.0 Ok", await ReadReplyAsync(tls));
        Assert.Equal("554 5.5.1 Error: TLS already active", await ReadReplyAsync(tls));
        _server.AssertNothingQueuedOrDelivered();
    }

    [Theory]
    [InlineData("STARTTLS now", "501 5.5.4 Syntax: STARTTLS")]
    public async Task Starttls_with_an_argument_is_a_syntax_error(string command, string expected)
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(_server.SmtpPort);
        Assert.Equal(expected, await client.CommandAsync(command));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task A_failed_handshake_closes_the_connection_and_queues_nothing()
    {
        var (_, network) = await ConnectAsync();
        await using var _ = network;
        await network.WriteAsync("STARTTLS\r\n"u8.ToArray());
        Assert.Equal("220 2.0.0 Ready to start TLS", await ReadReplyAsync(network));
        await network.WriteAsync("this is not a TLS client hello\r\n\r\n"u8.ToArray());
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        do
        {
            read = await network.ReadAsync(buffer, timeout.Token);
        }
        while (read > 0);
        Assert.Contains(_server.LogLines, line => line.Contains("TLS handshake failed from unknown[127.0.0.1]"));
        _server.AssertNothingQueuedOrDelivered();
    }
}
