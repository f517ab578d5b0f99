using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Restrictions;

/// <summary>
/// Postfix's <c>allow_percent_hack</c> and <c>swap_bangpath</c>, both off by default in Sekisho. When on, a
/// recipient whose domain is ours (or absent) and whose local part routes on is rewritten before the restriction
/// lists see it, as Postfix's address resolver does: <c>user%other@ours</c> becomes <c>user@other</c> (the rightmost
/// <c>%</c>), <c>site!user@ours</c> becomes <c>user@site</c> (the leftmost <c>!</c>), repeated while the new domain is
/// ours. The result then meets the relay policy like any other address, so an untrusted client still gets
/// "Relay access denied" for a foreign domain. A quoted <c>@</c> is never rewritten. When both options are off
/// the address is left as it is: a trusted client's <c>user%other@ours</c> is then an unknown local user, and an
/// untrusted client's is refused by <c>reject_unauth_destination</c> (<see cref="Destination.HasSenderRouting"/>).
/// </summary>
public sealed class SenderRoutingRewriter
{
    private const int MaxRewrites = 8;

    private readonly Func<string, bool> _isLocalDomain;
    private readonly bool _percentHack;
    private readonly bool _swapBangpath;

    /// <summary>Creates the rewriter.</summary>
    /// <param name="isLocalDomain">Whether a domain is ours (<c>mydestination</c> or one of our address literals).</param>
    /// <param name="percentHack"><c>allow_percent_hack</c>.</param>
    /// <param name="swapBangpath"><c>swap_bangpath</c>.</param>
    public SenderRoutingRewriter(Func<string, bool> isLocalDomain, bool percentHack, bool swapBangpath)
    {
        _isLocalDomain = isLocalDomain;
        _percentHack = percentHack;
        _swapBangpath = swapBangpath;
    }

    /// <summary>A rewriter that never rewrites.</summary>
    public static SenderRoutingRewriter None { get; } = new(static _ => false, false, false);

    /// <summary>The address the recipient means, or <paramref name="recipient"/> itself when nothing applies.</summary>
    /// <param name="recipient">The RCPT TO path.</param>
    public SmtpPath Rewrite(SmtpPath recipient)
    {
        if (!_percentHack && !_swapBangpath)
        {
            return recipient;
        }
        var current = recipient;
        for (var i = 0; i < MaxRewrites; i++)
        {
            if (current.Domain.Length > 0 && !_isLocalDomain(current.Domain))
            {
                break;
            }
            var next = RewriteOnce(current.LocalPart);
            if (next is null)
            {
                break;
            }
            current = current with { LocalPart = next.Value.LocalPart, Domain = next.Value.Domain, LocalPartWasQuoted = false };
        }
        return current;
    }

    private (string LocalPart, string Domain)? RewriteOnce(string localPart)
    {
        if (localPart.Contains('@'))
        {
            return null;
        }
        var bang = localPart.IndexOf('!');
        if (_swapBangpath && bang > 0 && bang < localPart.Length - 1)
        {
            return (localPart[(bang + 1)..], localPart[..bang]);
        }
        var percent = localPart.LastIndexOf('%');
        if (_percentHack && percent > 0 && percent < localPart.Length - 1)
        {
            return (localPart[..percent], localPart[(percent + 1)..]);
        }
        return null;
    }
}
