namespace Sekisho.Server.RelayAuth;

/// <summary>One POP-before-SMTP authorization: a client address (or IPv6 prefix) that may relay until a moment.</summary>
/// <param name="Key">The address as stored: <c>192.0.2.7</c>, <c>2001:db8::1</c>, or <c>2001:db8:1:2::/64</c> for a prefix.</param>
/// <param name="Until">When the authorization ends.</param>
/// <param name="Node">The node (its <c>myhostname</c>) whose POP3 login made it, or <c>admin</c> for <c>sekisho relay-auth add</c>.</param>
public sealed record RelayAuthorization(string Key, DateTimeOffset Until, string Node);
