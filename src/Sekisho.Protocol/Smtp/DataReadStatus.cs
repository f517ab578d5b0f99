namespace Sekisho.Protocol.Smtp;

/// <summary>What <see cref="DataReader.Process"/> found.</summary>
public enum DataReadStatus
{
    /// <summary>All input was consumed; the end of data has not come yet.</summary>
    NeedMoreData,

    /// <summary>The end-of-data line <c>CRLF.CRLF</c> was read; <c>consumed</c> points just past it.</summary>
    Complete,

    /// <summary>A bare CR or LF was seen under <see cref="BareNewlinePolicy.Reject"/>.</summary>
    BareNewlineRejected,
}
