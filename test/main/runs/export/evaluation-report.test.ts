import { describe, expect, it } from 'vitest'
import type { RunEvaluation } from '../../../../main/contract/runs/evaluation'
import { evaluationBody } from '../../../../main/runs/export/evaluation-report'

const PNG = 'data:image/png;base64,iVBORw0KGgo='

function evaluation(overrides: Partial<RunEvaluation> = {}): RunEvaluation {
  return {
    format: 1,
    classes: ['cat<script>', 'dog'],
    step: 10,
    splits: [
      {
        split: 'val',
        confusion: [
          [3, 1],
          [2, 4]
        ],
        counts: [4, 6],
        perClassAccuracy: [0.75, 4 / 6],
        accuracy: 0.7
      }
    ],
    misclassified: [
      { index: 5, trueClass: 1, predictedClass: 0, confidence: 0.91, image: PNG },
      {
        index: 6,
        trueClass: 0,
        predictedClass: 1,
        confidence: 0.6,
        image: 'data:text/html,"><script>alert(1)</script>'
      }
    ],
    misclassifiedTotal: 3,
    ...overrides
  }
}

describe('evaluation section of the report', () => {
  it('shows the matrix with counts, per-class accuracy (with a caveat under 10 images) and the largest confusion in words', () => {
    const html = evaluationBody(evaluation())
    expect(html).toContain('Validation: accuracy 70.0 %')
    expect(html).toMatch(
      /<td class="num"[^>]*>3<\/td><td class="num"[^>]*>1<\/td><td class="num">4<\/td><td class="num">75.0 % \(only 4; unreliable\)<\/td>/
    )
    expect(html).toContain('Most often confused: dog taken for cat&lt;script&gt; (2)')
    expect(html).toContain('2 of 3 misclassified validation images, the most confident mistakes')
    expect(html).toContain('(91.0 %)')
  })

  it('names the baselines under the validation matrix, as a warning when not beaten', () => {
    const html = evaluationBody(evaluation(), { chance: 0.5, majorityClass: 0.75 })
    expect(html).toContain(
      '<p class="warn">Baselines: majority class 75.0 %, chance 50.0 %; this does not beat always answering the largest class.</p>'
    )
  })

  it('escapes class names and embeds only plain PNG data URLs', () => {
    const html = evaluationBody(evaluation())
    expect(html).not.toContain('<script>')
    expect(html).toContain(`<img src="${PNG}"`)
    expect(html).not.toContain('data:text/html')
    expect(html).toContain('(image unreadable)')
  })

  it('says why a run has no evaluation, and when nothing was misclassified', () => {
    expect(evaluationBody(null)).toMatch(/has no evaluation/)
    expect(evaluationBody(evaluation({ misclassified: [], misclassifiedTotal: 0 }))).toMatch(
      /None: every validation image was classified correctly/
    )
  })
})
