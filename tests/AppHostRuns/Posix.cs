using System.Runtime.InteropServices;

namespace FitnessAssistant.AppHostRuns;

/// <summary>Signals to processes of the run, for tests that crash or freeze one on purpose.</summary>
public static partial class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    public static bool IsAlive(int pid) => Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM */;
}
