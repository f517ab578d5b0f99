namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>What the fake server received in one mail transaction.</summary>
public sealed class ReceivedMessage
{
    public string MailFrom { get; set; } = "";

    public List<string> Recipients { get; } = [];

    /// <summary>The content bytes exactly as they crossed the wire (dot-stuffed for DATA), without the final ".".</summary>
    public MemoryStream Wire { get; } = new();

    /// <summary>The content after removing dot-stuffing: what the next hop delivers.</summary>
    public MemoryStream Content { get; } = new();

    public bool Chunked { get; set; }

    /// <summary>True when RCPT TO had arrived together with MAIL FROM (PIPELINING).</summary>
    public bool Pipelined { get; set; }

    public bool Tls { get; set; }
}
