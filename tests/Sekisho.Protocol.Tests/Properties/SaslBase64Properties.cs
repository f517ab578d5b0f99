using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sekisho.Protocol.Sasl;
using Sekisho.Protocol.Tests.Sasl;

namespace Sekisho.Protocol.Tests.Properties;

/// <summary>
/// Round trips of base64 as SASL uses it (<see cref="SaslWire"/>): what the server encodes as a challenge decodes back
/// as a client response and as an initial response, unpadded or broken-up base64 is refused, and a PLAIN login
/// encoded by a client with any password reaches the account store intact.
/// </summary>
public sealed class SaslBase64Properties
{
    [Property(MaxTest = 500)]
    public bool Challenges_decode_back_as_responses(byte[] bytes)
    {
        var line = SaslWire.EncodeChallenge(bytes);
        return SaslWire.DecodeResponse(line, out var decoded) == SaslResponseStatus.Data && decoded!.AsSpan().SequenceEqual(bytes);
    }

    [Property(MaxTest = 500)]
    public bool Initial_responses_decode_back(byte[] bytes)
    {
        var argument = bytes.Length == 0 ? "=" : Convert.ToBase64String(bytes);
        return SaslWire.DecodeInitialResponse(argument, out var decoded) == SaslResponseStatus.Data && decoded!.AsSpan().SequenceEqual(bytes);
    }

    [Property(MaxTest = 300)]
    public Property Unpadded_or_spaced_base64_is_malformed() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>().Filter(b => b.Length % 3 != 0), bytes =>
        {
            var encoded = Convert.ToBase64String(bytes);
            var spaced = encoded[..2] + " " + encoded[2..];
            return SaslWire.DecodeResponse(encoded.TrimEnd('='), out _) == SaslResponseStatus.Malformed
                && SaslWire.DecodeResponse(spaced, out _) == SaslResponseStatus.Malformed;
        });

    [Property(MaxTest = 200)]
    public Property A_plain_login_reaches_the_store_intact() =>
        Prop.ForAll(Gen.Elements([.. "aZ09 !~\"\\=+/", 'é', '用', '\u00a0']).ArrayOf().Where(c => c.Length > 0).Select(c => new string(c)).ToArbitrary(),
            password =>
            {
                var initial = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0" + password));
                if (SaslWire.DecodeInitialResponse(initial, out var response) != SaslResponseStatus.Data)
                {
                    return false;
                }
                var step = new PlainMechanism(new FakeCredentials().Add("alice", password)).StepAsync(response, CancellationToken.None).GetAwaiter().GetResult();
                return step.Kind == SaslStepKind.Success && step.User == "alice";
            });
}
