using System.Text;

namespace FitnessAssistant.EmbeddingService.Onnx;

internal static class NativeText
{
    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/> for <c>const char*</c> parameters.</summary>
    public static byte[] ToUtf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
