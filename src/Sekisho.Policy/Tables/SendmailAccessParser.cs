namespace Sekisho.Policy.Tables;

/// <summary>
/// Parses the Sendmail access database source (<c>/etc/mail/access</c>, what <c>makemap</c> reads): <c>key whitespace
/// action</c> per line, <c>#</c> comment lines, no continuation lines. Entries with tags of Sendmail features Sekisho
/// does not have (<c>GreetPause:</c>, <c>ClientRate:</c>, <c>Spam:</c>, TLS tags...) are skipped with a warning.
/// </summary>
internal static class SendmailAccessParser
{
    /// <summary>Loads the file.</summary>
    /// <exception cref="TableException">The file cannot be read or an entry is not valid (<c>PATH:LINE: ...</c>).</exception>
    public static KeyValueSnapshot Load(string path)
    {
        var builder = new KeyValueSnapshotBuilder();
        foreach (var line in TableFileReader.Read(path, continuationLines: false))
        {
            var split = line.Text.IndexOfAny([' ', '\t']);
            if (split < 0)
            {
                throw new TableException(path, line.Number, $"\"{line.Text}\": expected \"key whitespace action\", e.g. Connect:192.168.1 RELAY");
            }
            var key = line.Text[..split];
            var value = line.Text[(split + 1)..].Trim();
            if (!SendmailKeys.TryNormalize(key, out var normalized, out var problem))
            {
                if (problem.Length > 0)
                {
                    throw new TableException(path, line.Number, problem);
                }
                builder.Warn(path, line.Number, $"\"{key}\": Sekisho has no such Sendmail feature; entry ignored");
                continue;
            }
            if (!SendmailAccessValue.TryParse(value, out var action, out var error))
            {
                throw new TableException(path, line.Number, error);
            }
            builder.Add(normalized!, action.ToMatch(key, $"{path}:{line.Number}", value), path, line.Number);
        }
        return builder.Build();
    }
}
