using System.Buffers;
using System.Reflection;
using Sekisho.Protocol.Smtp;
using Sekisho.Server.Smtp;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>bdat</c>: the first line is a BDAT argument (<c>size [LAST]</c>) for the server's argument parser
/// (<c>ChunkReceiver.TryParseArgument</c>, internal, so called through reflection); the rest is chunk content for
/// <see cref="ChunkNormalizer"/> under both bare-newline policies, fed whole, in small chunks and byte by byte.
/// Invariants: a parsed size is not negative; the feeds agree; the content has no bare CR or LF and its length is
/// <see cref="ChunkNormalizer.ContentLength"/>; under Reject accepted content was unchanged.
/// </summary>
internal sealed class BdatTarget : IFuzzTarget
{
    private static readonly TryParseArgument Parse = typeof(SmtpServices).Assembly
        .GetType("Sekisho.Server.Smtp.ChunkReceiver", throwOnError: true)!
        .GetMethod("TryParseArgument", BindingFlags.Public | BindingFlags.Static)!
        .CreateDelegate<TryParseArgument>();

    private delegate bool TryParseArgument(string argument, out long size, out bool last);

    /// <inheritdoc/>
    public string Name => "bdat";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > FuzzInput.MaxLength)
        {
            return;
        }
        var end = data.IndexOf((byte)'\n');
        var argument = FuzzInput.Text(end < 0 ? data : data[..end]);
        if (Parse(argument, out var size, out _))
        {
            FuzzInvariantException.Check(size >= 0, $"BDAT {argument}: size {size}");
        }
        var content = end < 0 ? [] : data[(end + 1)..];
        foreach (var policy in new[] { BareNewlinePolicy.Normalize, BareNewlinePolicy.Reject })
        {
            var whole = Feed(content, policy, static (input, _) => input.Length);
            foreach (var other in new[] { Feed(content, policy, FuzzInput.ChunkSize), Feed(content, policy, static (_, _) => 1) })
            {
                FuzzInvariantException.Check(other.Accepted == whole.Accepted && other.Content.AsSpan().SequenceEqual(whole.Content),
                    $"{policy}: fed in pieces gives {other.Accepted}/{other.Content.Length} bytes, whole {whole.Accepted}/{whole.Content.Length} bytes");
            }
            FuzzInvariantException.Check(FuzzInput.HasOnlyCrlf(whole.Content), $"{policy}: the content has a bare CR or LF");
            FuzzInvariantException.Check(policy == BareNewlinePolicy.Normalize || !whole.Accepted || whole.Content.AsSpan().SequenceEqual(content),
                "Reject: accepted content was changed");
        }
    }

    private static (bool Accepted, byte[] Content) Feed(ReadOnlySpan<byte> data, BareNewlinePolicy policy, Func<byte[], int, int> chunkSize)
    {
        var normalizer = new ChunkNormalizer(policy);
        var output = new ArrayBufferWriter<byte>();
        var input = data.ToArray();
        var accepted = true;
        for (int index = 0, position = 0; position < input.Length && accepted; index++)
        {
            var length = Math.Min(chunkSize(input, index), input.Length - position);
            accepted = normalizer.Process(input.AsSpan(position, length), output);
            position += length;
        }
        accepted = normalizer.Complete(output) && accepted;
        FuzzInvariantException.Check(normalizer.ContentLength == output.WrittenCount,
            $"ContentLength {normalizer.ContentLength}, written {output.WrittenCount}");
        return (accepted, output.WrittenSpan.ToArray());
    }
}
