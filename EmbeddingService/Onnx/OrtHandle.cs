using System.Runtime.InteropServices;

namespace FitnessAssistant.EmbeddingService.Onnx;

/// <summary>
/// An owned ORT object (<c>OrtEnv*</c>, <c>OrtSession*</c>, <c>OrtValue*</c>, ...) released exactly once by its
/// <c>Release*</c> function, on dispose or, if forgotten, by the finalizer.
/// </summary>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<IntPtr, void> release;

    public OrtHandle(IntPtr handle, delegate* unmanaged<IntPtr, void> release)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        this.release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>
    /// Keeps the object alive while native code uses it: a concurrent dispose then waits for the lease to end
    /// instead of freeing memory under a running call (what P/Invoke does for SafeHandle arguments).
    /// </summary>
    public Lease Use() => new(this);

    protected override bool ReleaseHandle()
    {
        release(handle);
        return true;
    }

    public readonly ref struct Lease
    {
        private readonly OrtHandle owner;
        private readonly bool added;

        public Lease(OrtHandle owner)
        {
            this.owner = owner;
            owner.DangerousAddRef(ref added);
            Pointer = owner.DangerousGetHandle();
        }

        public IntPtr Pointer { get; }

        public void Dispose()
        {
            if (added)
            {
                owner.DangerousRelease();
            }
        }
    }
}
