using System.Net;
using System.Net.Sockets;

namespace Sekisho.Policy.Tables;

/// <summary>
/// Parses a Postfix access(5) source file (the text <c>postmap</c> reads for <c>hash:</c>, or a <c>texthash:</c> file):
/// <c>key whitespace value</c> per logical line, <c>#</c> comments, continuation lines starting with whitespace.
/// Keys are case-insensitive; a key that is a whole IPv6 address is normalized to its compressed form.
/// </summary>
internal static class TexthashTableParser
{
    /// <summary>Loads the file.</summary>
    /// <exception cref="TableException">The file cannot be read or an entry is not valid (<c>PATH:LINE: ...</c>).</exception>
    public static KeyValueSnapshot Load(string path, TableValueMode mode)
    {
        var builder = new KeyValueSnapshotBuilder();
        foreach (var line in TableFileReader.Read(path, continuationLines: true))
        {
            var split = line.Text.IndexOfAny([' ', '\t']);
            if (split < 0)
            {
                throw new TableException(path, line.Number, $"\"{line.Text}\": expected \"key whitespace value\"");
            }
            var key = line.Text[..split];
            var value = line.Text[(split + 1)..].Trim();
            if (!PostfixAccessValue.TryParse(value, mode, out var action, out var error))
            {
                throw new TableException(path, line.Number, error);
            }
            builder.Add(NormalizeKey(key), action.ToMatch(key, $"{path}:{line.Number}", value), path, line.Number);
        }
        return builder.Build();
    }

    /// <summary>The key as lookups spell it: lower case; a whole IPv6 address compressed (<c>2001:DB8:0::1</c> → <c>2001:db8::1</c>).</summary>
    public static string NormalizeKey(string key)
    {
        var lower = LookupKeys.MailKey(key);
        if (lower.Contains(':') && !lower.Contains('@') && !lower.Contains('%') && !lower.Contains('[')
            && IPAddress.TryParse(lower, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            && lower.Count(c => c == ':') >= 2)
        {
            return address.ToString();
        }
        return lower;
    }
}
