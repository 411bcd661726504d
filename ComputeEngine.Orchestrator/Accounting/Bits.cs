namespace ComputeEngine.Orchestrator.Accounting;

/// <summary>Bit operations on the byte arrays a table entity can store.</summary>
public static class Bits
{
    public static int BytesFor(int bits) => (bits + 7) / 8;

    public static bool Get(byte[] bits, int index) => (bits[index >> 3] & (1 << (index & 7))) != 0;

    public static void Set(byte[] bits, int index) => bits[index >> 3] |= (byte)(1 << (index & 7));

    public static void Clear(byte[] bits, int index) => bits[index >> 3] &= (byte)~(1 << (index & 7));

    public static IEnumerable<int> Ones(byte[] bits)
    {
        for (var i = 0; i < bits.Length * 8; i++)
        {
            if (Get(bits, i))
            {
                yield return i;
            }
        }
    }
}
