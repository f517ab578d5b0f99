using Sekisho.Accounts.Aliases;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>aliases</c>: an aliases(5) file through <see cref="AliasFileParser.Parse(string, string, string, AliasTargetPolicy)"/>
/// with command and file targets refused and allowed. <c>:include:list.inc</c> names a small include file kept next
/// to it. Bad lines are reported in the result, so any exception is a crash. Invariants: entries have a name and
/// at least one target.
/// </summary>
internal sealed class AliasesTarget : IFuzzTarget
{
    private static readonly AliasTargetPolicy AllowAll = new()
    {
        CommandsInAliases = true,
        CommandsInIncludes = true,
        FilesInAliases = true,
        FilesInIncludes = true,
    };

    private static readonly Lazy<string> Folder = new(() =>
    {
        FuzzScratch.Write("list.inc", "bob\ncarol, \"|/usr/bin/vacation carol\"\n# comment\n/var/mail/archive\n"u8);
        return FuzzScratch.Directory;
    });

    /// <inheritdoc/>
    public string Name => "aliases";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (!FuzzInput.TryFileText(data, out var text))
        {
            return;
        }
        foreach (var policy in new[] { AliasTargetPolicy.Refused, AllowAll })
        {
            var result = AliasFileParser.Parse(text, "aliases", Folder.Value, policy);
            foreach (var entry in result.Entries)
            {
                FuzzInvariantException.Check(entry.Name.Length > 0, "an alias without a name");
                FuzzInvariantException.Check(entry.Targets.Count > 0, $"alias {entry.Name} without targets");
            }
        }
    }
}
