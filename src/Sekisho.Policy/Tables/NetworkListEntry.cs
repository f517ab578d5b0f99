using Sekisho.Config.Tables;

namespace Sekisho.Policy.Tables;

/// <summary>One pattern of a network list: a network or a table, possibly negated.</summary>
/// <param name="Negated">Written with <c>!</c>: a match means "not in the list", and the search stops.</param>
/// <param name="Source">Where it was written: the entry itself, or <c>PATH:LINE ENTRY</c> for an entry read from a file.</param>
/// <param name="Block">The network, for a CIDR entry.</param>
/// <param name="Table">The table, for a <c>type:name</c> entry.</param>
internal sealed record NetworkListEntry(bool Negated, string Source, CidrBlock? Block, IAccessTable? Table);
