using System.Net;
using System.Net.Sockets;
using Sekisho.Config.Tables;

namespace Sekisho.Policy.Tables;

/// <summary>
/// A network list such as <c>mynetworks</c>: CIDR (<c>192.168.0.0/23</c>), bare addresses, IPv6 in brackets
/// (<c>[2001:db8::]/32</c>, <c>[::1]</c>), <c>/file/name</c> (the same patterns, separated by whitespace or commas,
/// <c>#</c> comments) and <c>type:name</c> tables of any supported type. Patterns are tried in order and the first
/// that matches decides; <c>!pattern</c> excludes (Postfix match lists). A table matches when its client lookup
/// returns <see cref="AccessAction.Permit"/> or <see cref="AccessAction.PermitNoRelay"/>; other results do not match
/// and the search goes on. CIDR patterns are indexed together, so a long list costs O(log n) per lookup.
/// Files named in the list are read once; tables in it reload themselves.
/// </summary>
public sealed class NetworkListTable
{
    private const int MaxFileDepth = 4;
    private readonly NetworkListEntry[] _entries;
    private readonly int[] _tablePositions;
    private readonly IpIntervalIndex _v4;
    private readonly IpIntervalIndex _v6;

    private NetworkListTable(List<NetworkListEntry> entries)
    {
        _entries = entries.ToArray();
        _tablePositions = Enumerable.Range(0, _entries.Length).Where(i => _entries[i].Table is not null).ToArray();
        var v4 = new List<IpRange>();
        var v6 = new List<IpRange>();
        for (var i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Block is { } block)
            {
                var (start, end) = IpValue.Range(block.Network, block.PrefixLength);
                (block.Network.AddressFamily == AddressFamily.InterNetwork ? v4 : v6).Add(new IpRange(start, end, i));
            }
        }
        _v4 = IpIntervalIndex.Build(v4);
        _v6 = IpIntervalIndex.Build(v6);
    }

    /// <summary>A list that contains no address.</summary>
    public static NetworkListTable Empty { get; } = new([]);

    /// <summary>The tables named in the list, in order.</summary>
    public IReadOnlyList<IAccessTable> Tables => _tablePositions.Select(i => _entries[i].Table!).ToArray();

    /// <summary>Warnings about the tables in the list (e.g. ignored entries in a Sendmail file).</summary>
    public IReadOnlyList<string> Warnings =>
        _tablePositions.SelectMany(i => _entries[i].Table is ITableDiagnostics d ? d.Warnings : []).ToArray();

    /// <summary>Parses the list, reading table values as a match list (<see cref="TableValueMode.MatchList"/>).</summary>
    /// <param name="entries">The patterns, already split (blank ones are skipped).</param>
    /// <param name="baseDirectory">The directory relative table paths are taken from.</param>
    /// <exception cref="TableException">A pattern is not valid, or a file or table cannot be read.</exception>
    public static NetworkListTable Parse(IEnumerable<string> entries, string baseDirectory) =>
        Parse(entries, baseDirectory, AccessTableOptions.Default with { Values = TableValueMode.MatchList });

    /// <summary>Parses the list.</summary>
    /// <param name="entries">The patterns, already split (blank ones are skipped).</param>
    /// <param name="baseDirectory">The directory relative table paths are taken from.</param>
    /// <param name="options">How tables in the list are opened.</param>
    /// <exception cref="TableException">A pattern is not valid, or a file or table cannot be read.</exception>
    public static NetworkListTable Parse(IEnumerable<string> entries, string baseDirectory, AccessTableOptions options)
    {
        var parsed = new List<NetworkListEntry>();
        foreach (var entry in entries)
        {
            if (!string.IsNullOrWhiteSpace(entry))
            {
                Add(parsed, entry.Trim(), entry.Trim(), null, 0, baseDirectory, options, 0);
            }
        }
        return new NetworkListTable(parsed);
    }

    /// <summary>Whether the client is in the list.</summary>
    /// <param name="address">The client address (IPv4-mapped IPv6 addresses are unmapped first).</param>
    /// <param name="hostname">The verified client host name, or <c>unknown</c> (for tables that match names).</param>
    /// <param name="matchedSource">The pattern that decided (for a negated pattern too), or null when none matched.</param>
    public bool Contains(IPAddress address, string hostname, out string? matchedSource)
    {
        var client = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var index = client.AddressFamily == AddressFamily.InterNetwork ? _v4 : _v6;
        var network = index.Find(IpValue.Of(client));
        foreach (var position in _tablePositions)
        {
            if (network >= 0 && position > network)
            {
                break;
            }
            var entry = _entries[position];
            var match = entry.Table!.FindClient(client, hostname);
            if (match is { Action: AccessAction.Permit or AccessAction.PermitNoRelay })
            {
                matchedSource = $"{entry.Source} ({match.Source} {match.Key})";
                return !entry.Negated;
            }
        }
        matchedSource = network >= 0 ? _entries[network].Source : null;
        return network >= 0 && !_entries[network].Negated;
    }

    private static void Add(List<NetworkListEntry> parsed, string pattern, string source, string? file, int line,
        string baseDirectory, AccessTableOptions options, int depth)
    {
        var negated = pattern.StartsWith('!');
        var body = negated ? pattern[1..].Trim() : pattern;
        if (CidrBlock.TryParse(body, out var block))
        {
            if (CidrBlock.HasHostBits(body, block))
            {
                throw Error(file, line, pattern, $"non-null host address bits (did you mean {block}?)");
            }
            parsed.Add(new NetworkListEntry(negated, source, block, null));
            return;
        }
        if (body.StartsWith('/'))
        {
            if (depth >= MaxFileDepth)
            {
                throw Error(file, line, pattern, $"files nested more than {MaxFileDepth} deep");
            }
            foreach (var fileLine in TableFileReader.Read(body, continuationLines: false))
            {
                foreach (var item in fileLine.Text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
                {
                    var inner = negated ? "!" + item : item;
                    Add(parsed, inner, $"{body}:{fileLine.Number} {item}", body, fileLine.Number, baseDirectory, options, depth + 1);
                }
            }
            return;
        }
        var colon = body.IndexOf(':');
        if (colon > 0 && body[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            parsed.Add(new NetworkListEntry(negated, source, null, AccessTableFactory.Open(body, baseDirectory, options)));
            return;
        }
        throw Error(file, line, pattern, "not a network (expected network/prefix, an address, [ipv6]/prefix, /file/name or type:table)");
    }

    private static TableException Error(string? file, int line, string pattern, string problem) =>
        file is null ? new TableException($"\"{pattern}\"", 0, problem) : new TableException(file, line, $"\"{pattern}\": {problem}");
}
