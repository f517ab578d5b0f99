namespace Sekisho.Accounts.Resolution;

/// <summary>Forward to an address outside the local domains.</summary>
/// <param name="Address">The address as the alias file wrote it, e.g. <c>bob@example.org</c>.</param>
public sealed record RemoteTarget(string Address) : DeliveryTarget;
