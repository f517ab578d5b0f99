namespace Sekisho.Config;

/// <summary>Reads <c>authorized_submit_users</c> into a <see cref="SubmitUserList"/>.</summary>
internal static class SubmitUserListReader
{
    /// <summary>
    /// Names, <c>!name</c> and <c>static:anyone</c>/<c>static:all</c>; <c>/file</c> patterns and other
    /// <c>type:table</c> lookups are refused, so a list is never silently widened or narrowed.
    /// </summary>
    public static SubmitUserList Read(SettingReader reader)
    {
        const string name = "authorized_submit_users";
        var entries = new List<(string, bool)>();
        foreach (var entry in reader.List(name))
        {
            var negated = entry.StartsWith('!');
            var item = negated ? entry[1..] : entry;
            if (item.Equals("static:anyone", StringComparison.OrdinalIgnoreCase) || item.Equals("static:all", StringComparison.OrdinalIgnoreCase))
            {
                entries.Add(("*", !negated));
                continue;
            }
            if (item.StartsWith('/') || item.Contains(':'))
            {
                throw reader.Error(name, $"\"{entry}\" is not supported yet (list login names, !name to refuse one, static:anyone for everyone)");
            }
            if (item.Length == 0 || item.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                throw reader.Error(name, $"bad user name \"{entry}\"");
            }
            entries.Add((item, !negated));
        }
        return new SubmitUserList(entries);
    }
}
