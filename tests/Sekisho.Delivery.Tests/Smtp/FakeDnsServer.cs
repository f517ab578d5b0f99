using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>
/// A DNS responder for tests: UDP on 127.0.0.1 with a free port, answering MX, A and AAAA queries from tables.
/// A name in no table is NXDOMAIN; a name in some table but not the one asked is NODATA. An MX exchange "." is a null MX.
/// </summary>
public sealed class FakeDnsServer : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeDnsServer() => _loop = Task.Run(ServeAsync);

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public Dictionary<string, List<(ushort Preference, string Exchange)>> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, List<IPAddress>> Addresses { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names answered with SERVFAIL.</summary>
    public HashSet<string> Failing { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Queries;

    public FakeDnsServer AddMx(string domain, ushort preference, string exchange)
    {
        if (!Mx.TryGetValue(domain, out var list))
        {
            Mx[domain] = list = [];
        }
        list.Add((preference, exchange));
        return this;
    }

    public FakeDnsServer AddAddress(string host, string address)
    {
        if (!Addresses.TryGetValue(host, out var list))
        {
            Addresses[host] = list = [];
        }
        list.Add(IPAddress.Parse(address));
        return this;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult packet;
            try
            {
                packet = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref Queries);
            if (Answer(packet.Buffer) is { } reply)
            {
                try
                {
                    await _udp.SendAsync(reply, packet.RemoteEndPoint, _stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12)
        {
            return null;
        }
        var position = 12;
        var labels = new List<string>();
        while (position < query.Length && query[position] != 0)
        {
            var length = query[position];
            labels.Add(Encoding.ASCII.GetString(query, position + 1, length));
            position += 1 + length;
        }
        position++;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(position));
        var questionEnd = position + 4;
        var name = string.Join('.', labels);

        var answers = new List<byte[]>();
        var rcode = 0;
        if (Failing.Contains(name))
        {
            rcode = 2;
        }
        else if (!Mx.ContainsKey(name) && !Addresses.ContainsKey(name))
        {
            rcode = 3;
        }
        else if (type == 15 && Mx.TryGetValue(name, out var mx))
        {
            foreach (var (preference, exchange) in mx)
            {
                var data = new List<byte> { (byte)(preference >> 8), (byte)preference };
                data.AddRange(EncodeName(exchange));
                answers.Add(Record(15, data.ToArray()));
            }
        }
        else if (type is 1 or 28 && Addresses.TryGetValue(name, out var addresses))
        {
            var family = type == 1 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
            answers.AddRange(addresses.Where(a => a.AddressFamily == family).Select(a => Record(type, a.GetAddressBytes())));
        }

        var reply = new List<byte>();
        reply.AddRange(query.AsSpan(0, 2).ToArray());
        reply.Add((byte)(0x81 | (query[2] & 0x01)));
        reply.Add((byte)(0x80 | rcode));
        reply.AddRange(new byte[] { 0, 1, (byte)(answers.Count >> 8), (byte)answers.Count, 0, 0, 0, 0 });
        reply.AddRange(query.AsSpan(12, questionEnd - 12).ToArray());
        answers.ForEach(reply.AddRange);
        return reply.ToArray();
    }

    private static byte[] Record(ushort type, byte[] data)
    {
        var record = new List<byte> { 0xC0, 0x0C, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 60, (byte)(data.Length >> 8), (byte)data.Length };
        record.AddRange(data);
        return record.ToArray();
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return bytes.ToArray();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }
}
