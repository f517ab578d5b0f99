namespace Sekisho.Policy.Tables;

/// <summary>
/// Parses a Postfix inline table, <c>inline:{ key=value, { key = text with spaces }, ... }</c>: items separated by
/// commas or whitespace; an item whose key or value holds spaces or commas is put in braces, as in Postfix.
/// </summary>
internal static class InlineTableParser
{
    /// <summary>The most items an inline table may hold.</summary>
    public const int MaxItems = 10_000;

    /// <summary>Parses the table.</summary>
    /// <param name="name">The whole table as written (<c>inline:{...}</c>): where errors point and each entry's source.</param>
    /// <param name="body">What follows <c>inline:</c>.</param>
    /// <param name="mode">How values are read.</param>
    /// <exception cref="TableException">The syntax is wrong or a value is not a supported action.</exception>
    public static KeyValueSnapshot Parse(string name, string body, TableValueMode mode)
    {
        var text = body.Trim();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}')
        {
            throw new TableException(name, 0, "expected inline:{ key=value, ... }");
        }
        var builder = new KeyValueSnapshotBuilder();
        var index = 0;
        foreach (var item in Items(name, text[1..^1]))
        {
            if (++index > MaxItems)
            {
                throw new TableException(name, 0, $"more than {MaxItems} items");
            }
            var equals = item.IndexOf('=');
            var key = equals < 0 ? "" : item[..equals].Trim();
            var value = equals < 0 ? "" : item[(equals + 1)..].Trim();
            if (key.Length == 0 || value.Length == 0)
            {
                throw new TableException(name, 0, $"item {index} \"{item}\": expected key=value (write {{ key = value }} when the value has spaces)");
            }
            if (!PostfixAccessValue.TryParse(value, mode, out var action, out var error))
            {
                throw new TableException(name, 0, $"item {index} \"{item}\": {error}");
            }
            builder.Add(TexthashTableParser.NormalizeKey(key), action.ToMatch(key, name, value), name, 0);
        }
        return builder.Build();
    }

    private static List<string> Items(string name, string inner)
    {
        var items = new List<string>();
        var i = 0;
        while (i < inner.Length)
        {
            var c = inner[i];
            if (c == ',' || char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (c == '{')
            {
                var depth = 0;
                for (; i < inner.Length; i++)
                {
                    depth += inner[i] switch { '{' => 1, '}' => -1, _ => 0 };
                    if (depth == 0)
                    {
                        break;
                    }
                }
                if (i == inner.Length)
                {
                    throw new TableException(name, 0, "unbalanced { in an item");
                }
                items.Add(inner[(start + 1)..i].Trim());
                i++;
                continue;
            }
            while (i < inner.Length && inner[i] != ',' && !char.IsWhiteSpace(inner[i]))
            {
                if (inner[i] is '{' or '}')
                {
                    throw new TableException(name, 0, $"unexpected \"{inner[i]}\" in \"{inner[start..]}\"");
                }
                i++;
            }
            items.Add(inner[start..i]);
        }
        return items;
    }
}
