using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// The CRAM-MD5 secret of one account (RFC 2195): the HMAC-MD5 key schedule, stored the way Dovecot's
/// <c>CRAM-MD5</c> password scheme stores it. HMAC-MD5(K, m) is MD5((K ^ opad) || MD5((K ^ ipad) || m)); the
/// 64-byte blocks K ^ opad and K ^ ipad do not depend on the challenge, so the MD5 chaining states after each
/// of them (16 bytes apiece, outer first) are all the server needs. They are password-equivalent for CRAM-MD5
/// (whoever has them can answer any challenge) but do not reveal the password itself.
/// </summary>
public sealed class CramMd5Secret
{
    /// <summary>The size of the precomputed context in bytes.</summary>
    public const int ContextSize = 32;

    private const string Prefix = "CRAM-MD5$";
    private const string DovecotPrefix = "{CRAM-MD5}";
    private readonly byte[] _context;

    /// <summary>Wraps a precomputed context.</summary>
    /// <param name="context">32 bytes: the outer then the inner MD5 chaining state, each as four little-endian words.</param>
    /// <exception cref="ArgumentException"><paramref name="context"/> is not 32 bytes long.</exception>
    public CramMd5Secret(ReadOnlySpan<byte> context)
    {
        if (context.Length != ContextSize)
        {
            throw new ArgumentException($"A CRAM-MD5 context is {ContextSize} bytes.", nameof(context));
        }
        _context = context.ToArray();
    }

    /// <summary>A copy of the 32-byte context (outer state, then inner state).</summary>
    public byte[] Context => (byte[])_context.Clone();

    /// <summary>Computes the secret from a password (its UTF-8 bytes are the HMAC key, hashed first when longer than 64 bytes).</summary>
    /// <param name="password">The password.</param>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    public static CramMd5Secret Derive(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var key = Encoding.UTF8.GetBytes(password);
        if (key.Length > Md5Block.BlockSize)
        {
            key = MD5.HashData(key);
        }
        var pad = new byte[Md5Block.BlockSize];
        var outer = Padded(key, pad, 0x5c);
        var inner = Padded(key, pad, 0x36);
        return new CramMd5Secret([.. Md5Block.ToBytes(outer), .. Md5Block.ToBytes(inner)]);
    }

    /// <summary>HMAC-MD5(password, <paramref name="challenge"/>), continued from the saved states.</summary>
    /// <param name="challenge">The challenge exactly as sent (without base64).</param>
    /// <returns>The 16-byte digest.</returns>
    public byte[] ComputeResponse(ReadOnlySpan<byte> challenge)
    {
        var outer = Md5Block.FromBytes(_context.AsSpan(0, 16));
        var inner = Md5Block.FromBytes(_context.AsSpan(16, 16));
        var innerDigest = Md5Block.Finish(inner, Md5Block.BlockSize, challenge);
        return Md5Block.Finish(outer, Md5Block.BlockSize, innerDigest);
    }

    /// <summary>The storage form: <c>CRAM-MD5$</c> and 64 lower-case hex digits (the same digits Dovecot stores after <c>{CRAM-MD5}</c>).</summary>
    public string ToStorageString() => Prefix + Convert.ToHexStringLower(_context);

    /// <summary>Reads <see cref="ToStorageString"/>'s form, or Dovecot's <c>{CRAM-MD5}</c> form (e.g. from <c>doveadm pw -s CRAM-MD5</c>).</summary>
    /// <param name="text">The stored text.</param>
    /// <param name="secret">The secret, or null when the text is not one.</param>
    /// <returns>Whether the text was a CRAM-MD5 secret.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CramMd5Secret? secret)
    {
        secret = null;
        string hex;
        if (text is null)
        {
            return false;
        }
        if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            hex = text[Prefix.Length..];
        }
        else if (text.StartsWith(DovecotPrefix, StringComparison.OrdinalIgnoreCase))
        {
            hex = text[DovecotPrefix.Length..];
        }
        else
        {
            return false;
        }
        if (!SaslText.TryParseHex(hex, ContextSize, out var context))
        {
            return false;
        }
        secret = new CramMd5Secret(context);
        return true;
    }

    private static uint[] Padded(byte[] key, byte[] pad, byte xor)
    {
        for (var i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)((i < key.Length ? key[i] : 0) ^ xor);
        }
        var state = Md5Block.InitialState();
        Md5Block.Transform(state, pad);
        return state;
    }
}
