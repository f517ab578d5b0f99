namespace Sekisho.Policy.Tables;

/// <summary>One matching table entry: what it says and where it is, for the decision trace.</summary>
/// <param name="Action">The normalized action.</param>
/// <param name="Code">The SMTP code of a custom reply (e.g. 550 from <c>550 go away</c> or <c>ERROR:5.7.1:550 text</c>), or null.</param>
/// <param name="EnhancedCode">The enhanced status code of a custom reply, or null.</param>
/// <param name="Text">The custom reply text, or null for the default text of the restriction.</param>
/// <param name="Key">The key that matched, as written in the table (e.g. <c>Connect:192.168.1</c>).</param>
/// <param name="Source">Where the entry is: <c>/etc/mail/access:12</c>, or the table name for inline tables.</param>
/// <param name="RawValue">The right-hand side as written.</param>
public sealed record AccessMatch(AccessAction Action, int? Code, string? EnhancedCode, string? Text, string Key, string Source, string RawValue);
