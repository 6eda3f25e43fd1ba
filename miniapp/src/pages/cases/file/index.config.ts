export default definePageConfig({
  navigationBarTitleText: "申请调解",
});
