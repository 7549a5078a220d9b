/** The lobby's content, in a chunk of its own: a game's sign-in screen does not download it. */
export const loadLobbyView = () => import("./lobby-view.ts");
