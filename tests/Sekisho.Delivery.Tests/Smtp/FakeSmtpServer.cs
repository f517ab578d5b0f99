using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>
/// A scripted SMTP server on a loopback address for tests. It answers one command at a time (so pipelined
/// clients work), supports STARTTLS, AUTH PLAIN and LOGIN, DATA and BDAT, and records every command and message.
/// </summary>
public sealed class FakeSmtpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public FakeSmtpServer(string address = "127.0.0.1", int port = 0)
    {
        _listener = new TcpListener(IPAddress.Parse(address), port);
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Greeting { get; set; } = "220 mx.test ESMTP fake";

    public List<string> Extensions { get; set; } = ["PIPELINING", "8BITMIME", "SIZE 10240000"];

    public bool OfferStartTls { get; set; }

    /// <summary>The reply to STARTTLS; anything but 220 refuses TLS.</summary>
    public string StartTlsReply { get; set; } = "220 2.0.0 Ready to start TLS";

    public string[] AuthMechanisms { get; set; } = [];

    public (string User, string Password)? Credentials { get; set; }

    public Func<string, string> MailReply { get; set; } = _ => "250 2.1.0 Ok";

    public Func<string, string> RcptReply { get; set; } = _ => "250 2.1.5 Ok";

    public string DataReply { get; set; } = "250 2.0.0 Ok: queued as FAKE123";

    /// <summary>Close the connection right after each message's final reply, as a server ending idle sessions does.</summary>
    public bool CloseAfterEachMessage { get; set; }

    /// <summary>Commands whose reply is never sent (to test timeouts), e.g. <c>RCPT</c>.</summary>
    public string? StallOn { get; set; }

    /// <summary>Every command line received, with "(tls)" before it when the connection was encrypted.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();

    public int Connections;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref Connections);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await ServeAsync(client.GetStream());
                    }
                    catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
                    {
                    }
                }
            });
        }
    }

    private async Task ServeAsync(Stream network)
    {
        var io = new LineStream(network);
        var tls = false;
        await io.WriteLineAsync(Greeting, _stop.Token);
        if (!Greeting.StartsWith('2'))
        {
            await io.ReadLineAsync(_stop.Token);
            return;
        }
        ReceivedMessage? message = null;
        while (true)
        {
            var raw = await io.ReadLineAsync(_stop.Token);
            if (raw is null)
            {
                return;
            }
            var line = Encoding.UTF8.GetString(raw).TrimEnd('\r', '\n');
            Commands.Enqueue((tls ? "(tls) " : "") + line);
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            if (StallOn is not null && line.StartsWith(StallOn, StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            switch (verb)
            {
                case "EHLO":
                    var lines = new List<string> { "mx.test" };
                    lines.AddRange(Extensions);
                    if (OfferStartTls && !tls)
                    {
                        lines.Add("STARTTLS");
                    }
                    if (AuthMechanisms.Length > 0)
                    {
                        lines.Add("AUTH " + string.Join(' ', AuthMechanisms));
                    }
                    for (var i = 0; i < lines.Count; i++)
                    {
                        await io.WriteLineAsync((i == lines.Count - 1 ? "250 " : "250-") + lines[i], _stop.Token);
                    }
                    break;
                case "HELO":
                    await io.WriteLineAsync("250 mx.test", _stop.Token);
                    break;
                case "STARTTLS":
                    await io.WriteLineAsync(StartTlsReply, _stop.Token);
                    if (!StartTlsReply.StartsWith("220", StringComparison.Ordinal))
                    {
                        break;
                    }
                    var ssl = new SslStream(network, leaveInnerStreamOpen: false);
                    await ssl.AuthenticateAsServerAsync(TestCertificate.Value, false, false);
                    io = new LineStream(ssl);
                    tls = true;
                    break;
                case "AUTH":
                    await AuthenticateAsync(io, line);
                    break;
                case "MAIL":
                    message = new ReceivedMessage { MailFrom = line, Tls = tls, Pipelined = io.HasBufferedInput };
                    await io.WriteLineAsync(MailReply(line), _stop.Token);
                    break;
                case "RCPT":
                    var reply = RcptReply(line);
                    if (reply.StartsWith('2'))
                    {
                        message?.Recipients.Add(line);
                    }
                    await io.WriteLineAsync(reply, _stop.Token);
                    break;
                case "DATA":
                    await io.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>", _stop.Token);
                    await ReadDataAsync(io, message ??= new ReceivedMessage());
                    Messages.Enqueue(message);
                    await io.WriteLineAsync(DataReply, _stop.Token);
                    message = null;
                    if (CloseAfterEachMessage)
                    {
                        return;
                    }
                    break;
                case "BDAT":
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var chunk = await io.ReadExactlyAsync(int.Parse(parts[1]), _stop.Token);
                    message ??= new ReceivedMessage();
                    message.Chunked = true;
                    message.Wire.Write(chunk);
                    message.Content.Write(chunk);
                    if (parts.Length > 2 && parts[2].Equals("LAST", StringComparison.OrdinalIgnoreCase))
                    {
                        Messages.Enqueue(message);
                        message = null;
                        await io.WriteLineAsync(DataReply, _stop.Token);
                    }
                    else
                    {
                        await io.WriteLineAsync("250 2.0.0 chunk ok", _stop.Token);
                    }
                    break;
                case "RSET":
                    message = null;
                    await io.WriteLineAsync("250 2.0.0 Ok", _stop.Token);
                    break;
                case "QUIT":
                    await io.WriteLineAsync("221 2.0.0 Bye", _stop.Token);
                    return;
                default:
                    await io.WriteLineAsync("502 5.5.2 Error: command not recognized", _stop.Token);
                    break;
            }
        }
    }

    private async Task AuthenticateAsync(LineStream io, string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string user;
        string password;
        if (parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            var initial = parts.Length > 2 ? parts[2] : await PromptAsync(io, "");
            var fields = Encoding.UTF8.GetString(Convert.FromBase64String(initial)).Split('\0');
            (user, password) = (fields[1], fields[2]);
        }
        else if (parts[1].Equals("LOGIN", StringComparison.OrdinalIgnoreCase))
        {
            user = Encoding.UTF8.GetString(Convert.FromBase64String(parts.Length > 2 ? parts[2] : await PromptAsync(io, "VXNlcm5hbWU6")));
            password = Encoding.UTF8.GetString(Convert.FromBase64String(await PromptAsync(io, "UGFzc3dvcmQ6")));
        }
        else
        {
            await io.WriteLineAsync("504 5.5.4 Unrecognized authentication type", _stop.Token);
            return;
        }
        Commands.Enqueue($"(credentials {user}:{password})");
        var ok = Credentials is { } expected && expected.User == user && expected.Password == password;
        await io.WriteLineAsync(ok ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed", _stop.Token);
    }

    private async Task<string> PromptAsync(LineStream io, string challenge)
    {
        await io.WriteLineAsync("334 " + challenge, _stop.Token);
        return Encoding.ASCII.GetString(await io.ReadLineAsync(_stop.Token) ?? []).TrimEnd('\r', '\n');
    }

    private async Task ReadDataAsync(LineStream io, ReceivedMessage message)
    {
        while (await io.ReadLineAsync(_stop.Token) is { } line)
        {
            if (line.AsSpan().SequenceEqual(".\r\n"u8))
            {
                return;
            }
            message.Wire.Write(line);
            message.Content.Write(line.Length > 0 && line[0] == '.' ? line.AsSpan(1) : line);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accept.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
