using Sekisho.Accounts.Aliases;

namespace Sekisho.Accounts.Tests.Support;

/// <summary>Short names for <see cref="AliasTargetPolicy"/> values in test tables.</summary>
internal static class Policies
{
    /// <summary>
    /// A policy from a space-separated list: <c>commands</c> and <c>files</c> (listed under <c>alias</c>),
    /// <c>include-commands</c> and <c>include-files</c> (listed under <c>include</c>); empty = refused.
    /// </summary>
    public static AliasTargetPolicy Parse(string words)
    {
        var set = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new AliasTargetPolicy
        {
            CommandsInAliases = set.Contains("commands"),
            FilesInAliases = set.Contains("files"),
            CommandsInIncludes = set.Contains("include-commands"),
            FilesInIncludes = set.Contains("include-files"),
        };
    }
}
