namespace FraudWatch.Ocr;

/// <summary>What a resident is told when a picture cannot be read, for the reply catalogue.</summary>
public static class OcrReplies
{
    /// <summary>For <see cref="OcrOutcome.NotInstalled"/>: said once, then the number is asked for as text.</summary>
    public const string CannotReadPicturesZh = "这里暂时看不了图片。请把图片里的电话号码或网址打字发给我。";
    public const string CannotReadPicturesEn = "I can't read pictures here yet. Please type the phone number or link from the picture and send it to me.";

    /// <summary>For <see cref="OcrOutcome.TooLarge"/>, <see cref="OcrOutcome.TooManyPixels"/>, <see cref="OcrOutcome.NotAnImage"/>, <see cref="OcrOutcome.Corrupt"/> and <see cref="OcrOutcome.TimedOut"/>.</summary>
    public const string UnreadablePictureZh = "这张图片我看不清。请发一张截图，或把电话号码打字发给我。";
    public const string UnreadablePictureEn = "I can't read this picture. Please send a screenshot, or type the phone number and send it to me.";

    /// <summary>For <see cref="OcrOutcome.Busy"/>: the picture may be fine, the reader has too many in line.</summary>
    public const string BusyZh = "我正在看别的图片，请过一分钟再发这张。紧急情况请拨打 110。";
    public const string BusyEn = "I am still reading other pictures. Please send this one again in a minute. In an emergency call 110.";

    /// <summary>For <see cref="OcrOutcome.NoText"/>.</summary>
    public const string NoTextZh = "图片里没有找到文字。请把电话号码或网址打字发给我。";
    public const string NoTextEn = "I found no writing in this picture. Please type the phone number or link and send it to me.";
}
