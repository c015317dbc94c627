/** The path of Electron's executable, or null when its binary is not installed. */
export function electronBinary(): string | null
