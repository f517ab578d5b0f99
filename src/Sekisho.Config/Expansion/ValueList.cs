namespace Sekisho.Config;

/// <summary>
/// Splits a list value as Postfix does: items separated by commas and white space, except inside <c>{...}</c>,
/// so <c>inline:{ a=OK, b=REJECT }</c> stays one item.
/// </summary>
internal static class ValueList
{
    /// <summary>The non-empty items of the value, in order.</summary>
    public static IReadOnlyList<string> Split(string value)
    {
        var items = new List<string>();
        var start = -1;
        var depth = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ',';
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            var separator = depth == 0 && c is ',' or ' ' or '\t' or '\r' or '\n';
            if (i == value.Length && start >= 0)
            {
                items.Add(value[start..].Trim());
            }
            else if (separator && start >= 0)
            {
                items.Add(value[start..i].Trim());
                start = -1;
            }
            else if (!separator && start < 0 && i < value.Length)
            {
                start = i;
            }
        }
        return items;
    }
}
