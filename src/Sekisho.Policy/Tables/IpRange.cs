namespace Sekisho.Policy.Tables;

/// <summary>An inclusive range of addresses of one family, as numbers, and the priority of the entry it belongs to.</summary>
/// <param name="Start">The first address.</param>
/// <param name="End">The last address.</param>
/// <param name="Priority">The entry's index (its position in the file); the lowest index wins.</param>
internal readonly record struct IpRange(UInt128 Start, UInt128 End, int Priority);
