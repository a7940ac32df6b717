// The user pcluster acts for.
import { userInfo } from 'node:os'

export function currentUser(): string {
  return process.env.USER || userInfo().username
}
