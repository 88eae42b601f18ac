import { ElMessage } from 'element-plus'
import type { DownloadedFile } from '@/api/http'
import { ApiError } from '@/api/problem'
import { saveFile } from '@/utils/download'
import { useTranslator } from './useTranslator'

/** Download a file from the API and save it; a failure is shown as a message. */
export function useFileActions() {
  const { errorText } = useTranslator()

  async function download(fetchFile: () => Promise<DownloadedFile>, fallbackName: string): Promise<boolean> {
    try {
      saveFile(await fetchFile(), fallbackName)
      return true
    } catch (error) {
      if (error instanceof ApiError) ElMessage.error(errorText(error))
      else throw error
      return false
    }
  }

  return { download }
}
