/** The team dialogs any part of the window can open (File › Share register…, People). */
import { useTeamUiStore, closeTeamDialog } from './team-ui-store.ts';
import { ShareRegister } from './ShareRegister.tsx';
import { People } from './People.tsx';
import type { TeamPerson } from '../../shared/contract/team.ts';

export function TeamDialogs({ myRole }: { myRole: TeamPerson['role'] | null }) {
  const dialog = useTeamUiStore((s) => s.dialog);
  if (dialog === 'share') return <ShareRegister onClose={closeTeamDialog} />;
  if (dialog === 'people' && myRole) return <People myRole={myRole} onClose={closeTeamDialog} />;
  return null;
}
